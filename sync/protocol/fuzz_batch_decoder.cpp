// libFuzzer target: decode_batch must never crash, hang or leak on any bytes, gzip or not.
// Build: CXX=clang++ cmake -DSTANDPOINT_FUZZ=ON ... ; run: fuzz_batch_decoder -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto batch = standpoint::decode_batch(bytes);
    if (batch) {
        // Anything accepted must survive its own round trip unchanged.
        auto again = standpoint::decode_batch(standpoint::encode_batch(*batch));
        if (!again || !(*again == *batch)) __builtin_trap();
    }
    (void)standpoint::decode_reply(bytes);
    // The collector's path: inflate with a small cap, then decode.
    auto inflated = standpoint::gzip_decompress(bytes, 1u << 20);
    if (inflated) (void)standpoint::decode_batch(*inflated);
    return 0;
}
