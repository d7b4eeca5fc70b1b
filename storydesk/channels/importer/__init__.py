"""Stories collected by hand (the campaign's spreadsheet), as CSV or JSON lines."""
