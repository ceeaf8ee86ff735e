"""Zhenwei 真伪: a platform for campaigns against counterfeit products and fake safety certificates."""

__version__ = "0.1.0"
