# The text part of formats/pdf: shaping (HarfBuzz), Swedish hyphenation (Liang's patterns from hyphen-sv), line breaking (libunibreak).
list(APPEND TERTIAL_PDF_SOURCES src/text/font.cpp src/text/shape.cpp src/text/hyphenate.cpp src/text/hyphen_patterns.cpp src/text/line_break.cpp src/text/break_opportunities.cpp src/text/broken_lines.cpp
     src/text/text_cache.cpp)
