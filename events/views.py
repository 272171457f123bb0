"""Events views: built in a later round."""
