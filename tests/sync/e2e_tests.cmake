# End-to-end sync tests against a real collector process (included from tests/sync/CMakeLists.txt).
if(TARGET standpoint-collector)
    # kill -9 of the collector in a loop while a kiosk syncs (SQLite, 127.0.0.1).
    standpoint_test(sync_collector_kill_tests
        ../doctest_main.cpp
        fault_proxy.cpp
        collector_kill_test.cpp
    )
    # Kiosk -> sync engine -> `standpoint-collector serve --pg` on a private cluster.
    add_executable(sync_e2e_pg_tests ../doctest_main.cpp fault_proxy.cpp sync_e2e_pg_test.cpp)
    standpoint_target(sync_e2e_pg_tests)
    add_test(NAME sync_e2e_pg_tests
        COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pg_cluster.sh $<TARGET_FILE:sync_e2e_pg_tests>)
    foreach(test sync_collector_kill_tests sync_e2e_pg_tests)
        target_link_libraries(${test} PRIVATE doctest::doctest sync_client SQLite::SQLite3)
        target_compile_definitions(${test} PRIVATE
            STANDPOINT_COLLECTOR="$<TARGET_FILE:standpoint-collector>")
        add_dependencies(${test} standpoint-collector)
    endforeach()
    set_tests_properties(sync_collector_kill_tests sync_e2e_pg_tests PROPERTIES TIMEOUT 90)
endif()
