"""JOPPI situational picture: the reproducible pipeline behind the annual publication."""

__version__ = "0.1.0"
