"""Retention: cases are destroyed a set period after closing (Jeugdwet: 20 years by default), or
earlier at a family's request carried out by the administrator."""
