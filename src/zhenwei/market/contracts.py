"""What other apps may call in market (docs/architecture.md): the list of product types the state
ordered off the market (国家明令淘汰), matched against a product's name, brand and model."""

from .eliminated import EliminatedMatcher, eliminated_match, eliminated_summary

__all__ = ["EliminatedMatcher", "eliminated_match", "eliminated_summary"]
