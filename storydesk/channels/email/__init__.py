"""Stories that arrive by email: a campaign IMAP inbox (polled), or .eml and mbox files.

imap.py reads the inbox, files.py reads mail files, receive.py turns one message into a story (parse.py for
MIME, answer.py for the words, machine_mail.py for mail no person wrote); the desk answers the sender with
storydesk/mail/replies.py.
"""
