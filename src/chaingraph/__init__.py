"""chaingraph — industry-chain knowledge graphs."""
__version__ = "0.1.0"
