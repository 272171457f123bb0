"""Navi views: built in a later round."""
