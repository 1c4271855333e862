"""``incamera demo``: a Chatham House roundtable and a "three nos" consultation with data for every
capability.  At the top of the house, beside ``urls`` and ``cli``: it calls every domain's actions.
"""
