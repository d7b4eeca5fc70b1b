"""Staff accounts beyond the password: resetting a forgotten one by e-mail, and two-factor.

- two_factor.py  whether a session passed the second factor (django-otp, or single sign-on's say-so), and what
                 a signed-in person still owes
- gate.py        the middleware that holds the desk and the admin until it is paid
- code.py        the code step after the password; setup.py the "Two-factor" page; qr.py its QR code
- password_reset.py, reset_mail.py  the "Forgot your password?" pages and their mail
- notice_mail.py  mails telling someone their second factor was touched; sessions.py  logging other sessions out

Devices are written only by storydesk/actions/two_factor.py. The log-in itself is storydesk/desk/login.py."""
