#include "app/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <stdexcept>

namespace twofold::server {

std::string gzip_compressed(std::string_view data, int level) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string compressed(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  const int status = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  // deflateBound leaves room for any input: anything but the end is a broken invariant.
  if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return compressed;
}

std::string brotli_compressed(std::string_view data, int quality) {
  std::string compressed(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  std::size_t size = compressed.size();
  if (BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                            reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                            reinterpret_cast<std::uint8_t*>(compressed.data())) == BROTLI_FALSE) {
    throw std::runtime_error("brotli: BrotliEncoderCompress failed");
  }
  compressed.resize(size);
  return compressed;
}

}  // namespace twofold::server
