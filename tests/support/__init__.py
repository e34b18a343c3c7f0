"""Support code of hpykit's test suite: ABI modes, building and loading test modules."""
