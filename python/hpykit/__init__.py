"""hpykit: a clean-room implementation of the HPy 0.9 API.

The package itself is tiny on purpose: importing it pulls in nothing else.
``hpykit.abitag`` names binaries, ``hpykit.paths`` finds headers and helper
libraries, ``hpykit.build`` turns an ABI into compiler flags and setuptools
extensions, and ``hpykit.universal`` (a C extension) loads universal modules.
"""

# nothing is imported here: hpykit.pth imports this package in every Python process
__version__ = "0.1.0"
