"""Campaign files (TOML): the default #YearOfMaleAllyship one ships here."""
