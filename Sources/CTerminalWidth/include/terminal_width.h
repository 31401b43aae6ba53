#ifndef MUSTER_TERMINAL_WIDTH_H
#define MUSTER_TERMINAL_WIDTH_H

/// The columns a terminal gives one Unicode scalar, from the C library's wcwidth in a UTF-8
/// locale: 2 for East Asian wide and full-width characters, 0 for combining marks, -1 for
/// control characters.
int muster_scalar_width(unsigned int scalar);

#endif
