# import_bench: a 50,000-row Maps CSV through ImportService on a SQLite file (dry run, commit,
# re-import). include()d from bench/CMakeLists.txt; no Google Benchmark (one long run).
add_executable(import_bench ${CMAKE_CURRENT_LIST_DIR}/import_bench.cpp)
target_link_libraries(import_bench PRIVATE crm::crm)
target_compile_options(import_bench PRIVATE -Wall -Wextra -Wpedantic)
