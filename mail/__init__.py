"""The mail channel as a library: fetch over IMAP, parse untrusted mail, build and send replies.

It never imports `bot`.
"""
