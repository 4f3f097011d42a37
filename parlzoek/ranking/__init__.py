"""The ranking model: field weights, extras, grams, feedback."""
