"""Pages of the registry: its own pages in ``registry`` (list, search, detail, edit, an
enterprise's profile), its spreadsheet import and XLSX export in ``io``."""
