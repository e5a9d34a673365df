# The layout part of formats/pdf: report -> pages (Document).
pkg_check_modules(FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
list(APPEND TERTIAL_PDF_SOURCES src/layout/layout.cpp src/layout/layout_engine.cpp src/layout/layout_headers.cpp src/layout/layout_table.cpp src/layout/layout_grid.cpp src/layout/layout_chart.cpp src/layout/layout_warm.cpp src/layout/layout_passes.cpp src/layout/font_finder.cpp src/layout/pdf_writer.cpp)
list(APPEND TERTIAL_PDF_LIBS PkgConfig::FONTCONFIG)
