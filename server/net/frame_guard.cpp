#include "net/frame_guard.hpp"

namespace kreds::net {

void frame_scanner::begin_payload() { part_ = payload_ > 0 ? part::payload : part::first; }

void frame_scanner::scan(unsigned char* bytes, std::size_t size) {
  for (std::size_t i = 0; i < size;) {
    switch (part_) {
      case part::first:  // FIN, RSV, opcode
        part_ = part::second;
        ++i;
        break;
      case part::second: {  // MASK and the 7-bit length
        const auto length = bytes[i] & 0x7f;
        mask_bytes_ = (bytes[i] & 0x80) != 0 ? 4 : 0;
        ++i;
        payload_ = 0;
        length_bytes_ = length == 126 ? 2 : length == 127 ? 8 : 0;
        poisoned_ = false;
        if (length < 126) payload_ = length;
        if (length_bytes_ > 0) {
          part_ = part::length;
        } else if (mask_bytes_ > 0) {
          part_ = part::mask;
        } else {
          begin_payload();
        }
        break;
      }
      case part::length:
        if (length_bytes_ == 8 && (bytes[i] & 0x80) != 0) {  // the top bit of a 64-bit length
          poisoned_ = true;
          ++rewritten_;
        }
        if (poisoned_) bytes[i] = 0;
        payload_ = (payload_ << 8) | bytes[i];
        ++i;
        if (--length_bytes_ == 0) {
          if (mask_bytes_ > 0) {
            part_ = part::mask;
          } else {
            begin_payload();
          }
        }
        break;
      case part::mask:
        ++i;
        if (--mask_bytes_ == 0) begin_payload();
        break;
      case part::payload: {
        const auto skip = static_cast<std::size_t>(std::min<std::uint64_t>(payload_, size - i));
        i += skip;
        payload_ -= skip;
        if (payload_ == 0) part_ = part::first;
        break;
      }
    }
  }
}

}  // namespace kreds::net
