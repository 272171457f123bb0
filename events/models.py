"""Events models: built in a later round."""
