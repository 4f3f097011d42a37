"""Research tools: batch runs of query files and their evaluation."""
