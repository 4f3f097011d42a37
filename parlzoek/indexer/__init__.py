"""Dutch analysis and the Whoosh index: documents in, a searchable index out."""
