# list_bench: CompanyService/LeadService/ActivityService/PipelineService at 100k rows on a
# SQLite file (Google Benchmark). include()d from bench/CMakeLists.txt.
find_package(benchmark REQUIRED)
add_executable(list_bench ${CMAKE_CURRENT_LIST_DIR}/list_bench.cpp)
# The bench seeds through the engine's storage port (core/runtime.hpp), so it sees src/.
target_include_directories(list_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../src)
target_link_libraries(list_bench PRIVATE crm::crm benchmark::benchmark)
target_compile_options(list_bench PRIVATE -Wall -Wextra -Wpedantic)
