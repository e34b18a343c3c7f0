/* Universal builds put this directory first on the include path. */
#error "Python.h cannot be used in the HPy universal ABI: a universal binary must not depend on one Python's C-API. Use the hybrid ABI (HPY_ABI_HYBRID) to mix HPy and legacy C-API code."
