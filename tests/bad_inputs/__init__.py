"""The corpus of broken inputs: see cases.py (CASES, materialise)."""
