# The text part of formats/pdf: shaping (HarfBuzz), Swedish hyphenation (libhyphen), line breaking (libunibreak).
list(APPEND TERTIAL_PDF_SOURCES src/shape.cpp src/hyphenate.cpp src/line_break.cpp src/text_cache.cpp)
