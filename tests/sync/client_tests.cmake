# The kiosk's sync client (included from tests/sync/CMakeLists.txt).
standpoint_test(sync_client_tests
    ../doctest_main.cpp
    delivery_policy_test.cpp
    outbox_test.cpp
)
target_link_libraries(sync_client_tests PRIVATE sync_client SQLite::SQLite3)
