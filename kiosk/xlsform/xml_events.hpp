// A small push parser over expat for the workbook's XML parts: element names without their
// namespace prefix, attributes as pairs, text as it comes. A document type declaration (which an
// .xlsx never has, and which entity tricks need) is refused, and so is nesting past a limit.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint {

using XmlAttributes = std::vector<std::pair<std::string, std::string>>;

struct XmlHandlers {
    std::function<void(const std::string& name, const XmlAttributes& attributes)> start;
    std::function<void(const std::string& name)> end;
    std::function<void(std::string_view text)> text;
    // Set by a handler to stop with an Error (e.g. a limit was passed).
    std::string stop_reason;
};

// Parses `xml`, calling the handlers. The Error names what was wrong (`part` is the zip entry).
Status parse_xml(std::string_view xml, const std::string& part, XmlHandlers& handlers);

// The value of attribute `name` (without prefix), or "".
std::string attribute(const XmlAttributes& attributes, std::string_view name);

}  // namespace standpoint
