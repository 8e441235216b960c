"""Renderers: pure functions from the model to text (Markdown for the site, HTML for the PDF)."""
