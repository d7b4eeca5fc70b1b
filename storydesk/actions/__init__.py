"""The only code that writes domain state: check permission, write, audit, enqueue after commit.

Views, the CLI, the API and tasks all call these functions, so they behave the same.
"""
