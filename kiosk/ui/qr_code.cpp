#include "kiosk/ui/qr_code.hpp"

#include <qrencode.h>

#include <memory>

namespace standpoint::ui {

QrCode make_qr_code(const std::string& text) {
    QrCode code;
    if (text.empty()) return code;
    // Version 0 = the smallest that fits; case-sensitive, since URL paths are.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> encoded(
        QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!encoded || encoded->width <= 0) return code;
    code.size = encoded->width;
    code.is_dark.resize(static_cast<std::size_t>(code.size) * static_cast<std::size_t>(code.size));
    for (std::size_t i = 0; i < code.is_dark.size(); ++i)
        code.is_dark[i] = (encoded->data[i] & 1) != 0;  // bit 0 is the module's colour
    return code;
}

}  // namespace standpoint::ui
