// QR codes for the thank-you screen's "more info" link: libqrencode computes the matrix, the view
// draws it as squares. No ImGui here, so tests can read the matrix directly.
#pragma once

#include <string>
#include <vector>

namespace standpoint::ui {

struct QrCode {
    int size = 0;               // modules per side; 0 = no code (empty text, or encoding failed)
    std::vector<bool> is_dark;  // size * size, row by row
    bool dark(int x, int y) const { return is_dark[static_cast<std::size_t>(y * size + x)]; }
};

// Byte mode, error correction M (15 %: survives a scuffed or glare-spotted screen and stays
// coarse). The quiet zone is the drawer's job.
QrCode make_qr_code(const std::string& text);

}  // namespace standpoint::ui
