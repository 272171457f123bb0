"""Navi admin: built in a later round."""
