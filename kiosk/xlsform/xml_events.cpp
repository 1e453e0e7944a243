#include "kiosk/xlsform/xml_events.hpp"

#include <expat.h>

#include <climits>
#include <memory>

namespace standpoint {
namespace {

constexpr int max_depth = 64;  // a worksheet needs about 6

std::string local_name(const XML_Char* name) {
    const std::string full(name);
    const auto colon = full.rfind(':');
    return colon == std::string::npos ? full : full.substr(colon + 1);
}

struct ParseState {
    XML_Parser parser = nullptr;
    XmlHandlers* handlers = nullptr;
    int depth = 0;
    std::string failure;
};

void stop(ParseState& state, std::string reason) {
    if (state.failure.empty()) state.failure = std::move(reason);
    XML_StopParser(state.parser, XML_FALSE);
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
    auto& state = *static_cast<ParseState*>(data);
    if (++state.depth > max_depth) return stop(state, "its XML is nested too deeply");
    XmlAttributes attributes;
    for (int i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2)
        attributes.emplace_back(local_name(attrs[i]), attrs[i + 1]);
    if (state.handlers->start) state.handlers->start(local_name(name), attributes);
    if (!state.handlers->stop_reason.empty()) stop(state, state.handlers->stop_reason);
}

void XMLCALL on_end(void* data, const XML_Char* name) {
    auto& state = *static_cast<ParseState*>(data);
    --state.depth;
    if (state.handlers->end) state.handlers->end(local_name(name));
    if (!state.handlers->stop_reason.empty()) stop(state, state.handlers->stop_reason);
}

void XMLCALL on_text(void* data, const XML_Char* text, int length) {
    auto& state = *static_cast<ParseState*>(data);
    if (state.handlers->text && length > 0)
        state.handlers->text(std::string_view(text, static_cast<std::size_t>(length)));
    if (!state.handlers->stop_reason.empty()) stop(state, state.handlers->stop_reason);
}

void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    stop(*static_cast<ParseState*>(data),
         "it declares a document type, which a workbook never does");
}

void XMLCALL on_entity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                       const XML_Char*, const XML_Char*, const XML_Char*) {
    stop(*static_cast<ParseState*>(data), "it declares entities, which a workbook never does");
}

}  // namespace

Status parse_xml(std::string_view xml, const std::string& part, XmlHandlers& handlers) {
    if (xml.size() > static_cast<std::size_t>(INT_MAX))
        return Error{"the part " + part + " is too large"};
    const std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate("UTF-8"), &XML_ParserFree);
    if (!parser) return Error{"out of memory while reading " + part};
    ParseState state;
    state.parser = parser.get();
    state.handlers = &handlers;
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    XML_SetEntityDeclHandler(parser.get(), on_entity);
    const XML_Status status =
        XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (!state.failure.empty())
        return Error{"the part " + part + " cannot be used: " + state.failure};
    if (status != XML_STATUS_OK) {
        return Error{"the part " + part + " is damaged (" +
                     XML_ErrorString(XML_GetErrorCode(parser.get())) + " at line " +
                     std::to_string(XML_GetCurrentLineNumber(parser.get())) + ")"};
    }
    return ok_status();
}

std::string attribute(const XmlAttributes& attributes, std::string_view name) {
    for (const auto& [key, value] : attributes) {
        if (key == name) return value;
    }
    return "";
}

}  // namespace standpoint
