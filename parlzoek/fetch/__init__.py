"""Fetch written questions from the Flemish Parliament's open data into a local corpus."""
