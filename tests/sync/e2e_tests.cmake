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

# Issue 5's import test: a kiosk half synced, the real `standpoint export`, the real
# `standpoint-collector import`: every response once (SQLite; PostgreSQL on a private cluster).
if(TARGET standpoint-collector AND TARGET standpoint)
    standpoint_test(collector_import_e2e_tests
        ../doctest_main.cpp
        fault_proxy.cpp
        import_e2e_test.cpp
    )
    add_test(NAME collector_import_e2e_pg_tests
        COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pg_cluster.sh $<TARGET_FILE:collector_import_e2e_tests>)
    target_link_libraries(collector_import_e2e_tests PRIVATE sync_client SQLite::SQLite3)
    target_compile_definitions(collector_import_e2e_tests PRIVATE
        STANDPOINT_COLLECTOR="$<TARGET_FILE:standpoint-collector>"
        STANDPOINT_EXE="$<TARGET_FILE:standpoint>")
    add_dependencies(collector_import_e2e_tests standpoint-collector standpoint)
    set_tests_properties(collector_import_e2e_tests collector_import_e2e_pg_tests
        PROPERTIES TIMEOUT 120)
endif()

# Signed deliveries and sealed personal data (issue 12): forged and unsigned sticks, bad batch
# signatures, sealed personal data, all against the real programs (docs/security.md).
if(TARGET standpoint-collector AND TARGET standpoint)
    standpoint_test(signed_delivery_e2e_tests
        ../doctest_main.cpp
        fault_proxy.cpp
        signed_delivery_e2e_test.cpp
    )
    target_link_libraries(signed_delivery_e2e_tests PRIVATE sync_client SQLite::SQLite3)
    target_compile_definitions(signed_delivery_e2e_tests PRIVATE
        STANDPOINT_COLLECTOR="$<TARGET_FILE:standpoint-collector>"
        STANDPOINT_EXE="$<TARGET_FILE:standpoint>")
    add_dependencies(signed_delivery_e2e_tests standpoint-collector standpoint)
    set_tests_properties(signed_delivery_e2e_tests PROPERTIES TIMEOUT 120)
endif()

# Issue 12's attacks on the real collector (memory shapes, slowloris, header flood, chunked,
# truncated gzip, connection limits), 127.0.0.0/8 only.
if(TARGET standpoint-collector)
    standpoint_test(collector_attack_tests
        ../doctest_main.cpp
        fault_proxy.cpp
        collector_attack_test.cpp
    )
    target_link_libraries(collector_attack_tests PRIVATE sync_client SQLite::SQLite3 PkgConfig::cpp_httplib)
    target_compile_definitions(collector_attack_tests PRIVATE
        STANDPOINT_COLLECTOR="$<TARGET_FILE:standpoint-collector>")
    add_dependencies(collector_attack_tests standpoint-collector)
    set_tests_properties(collector_attack_tests PROPERTIES TIMEOUT 240)
endif()
