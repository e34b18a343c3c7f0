"""Build support: compiler flags (``flags``) and setuptools integration (``setuptools``)."""
