"""Use cases shared by the CLI, the JSON API and the web pages, one module per theme:
importing, exporting, analysis (with its cache), history, users, pending uploads.

No rule of the domain lives here; each function reads, calls the domain, writes once.
"""
