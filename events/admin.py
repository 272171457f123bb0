"""Events admin: built in a later round."""
