"""Identity-bound invitations (a link plus a one-time code mailed to the invited address), focal
points who approve their delegation's representatives within a quota, and the credentials they
upload.
"""
