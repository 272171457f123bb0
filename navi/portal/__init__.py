"""The member portal's Navi section, under /portal/navi/ (added through members.portal)."""
