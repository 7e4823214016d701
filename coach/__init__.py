"""coach: a gentle terminal habit coach for strength training."""

__version__ = "0.1.0"
