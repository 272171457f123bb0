"""Navi models: built in a later round."""
