"""What the tests (and the source checkout's bench/) use but never test: sample material (samples/) and a
throwaway Dovecot with a local SMTP sink (mailserver.py). Not part of the installed package."""
