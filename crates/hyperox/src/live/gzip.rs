//! gzip for event streams with no compressor per connection.
//!
//! Each piece of a stream (a message, a heartbeat) is deflated on its own,
//! with no history, and ends on a sync flush (an empty stored block, so
//! the piece ends on a byte boundary). Such blocks can follow one another
//! in any order and still make one valid deflate stream, so a room
//! message is compressed once and its bytes are sent to every subscriber
//! as they are. A connection keeps only the running CRC-32 and length of
//! what it sent, for the gzip trailer at the end (a stream cut off before
//! it is still valid up to where it stopped).
//!
//! Each piece compresses alone (a message repeating itself compresses
//! well; two similar messages do not share their bytes), which is the
//! price of holding 16 bytes per stream instead of a compressor's
//! ~140 KB.

use bytes::Bytes;
use flate2::{Compress, Compression, FlushCompress};
use std::cell::RefCell;

/// The gzip member header: deflate, no name, no time, unknown OS.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// The final block: empty, fixed Huffman codes, `BFINAL` set.
const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// One piece of a stream, deflated on its own.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    deflated: Bytes,
    /// The CRC-32 and length of the piece before compression.
    crc: crc32fast::Hasher,
}

thread_local! {
    /// A compressor per thread, reset before each piece (so no piece
    /// refers to another): its ~140 KB are paid once per thread, not per
    /// piece or per connection.
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
}

impl Block {
    /// Deflates `plain` on its own.
    pub(crate) fn new(plain: &[u8]) -> Self {
        let mut crc = crc32fast::Hasher::new();
        crc.update(plain);
        // Deflate never grows data by more than 5 bytes per 16 KiB stored
        // block, plus the flush's empty block.
        let mut out = Vec::with_capacity(plain.len() + 5 * (plain.len() / 16_384 + 2) + 16);
        COMPRESSOR.with(|c| {
            let mut c = c.borrow_mut();
            c.reset();
            let mut consumed = 0;
            loop {
                let before = c.total_in();
                // Writing into a Vec with room reports no error.
                let _ = c.compress_vec(&plain[consumed..], &mut out, FlushCompress::Sync);
                consumed += usize::try_from(c.total_in() - before).unwrap_or(0);
                if consumed >= plain.len() && out.len() < out.capacity() {
                    break;
                }
                out.reserve(out.capacity().max(64));
            }
        });
        Self {
            deflated: Bytes::from(out),
            crc,
        }
    }
}

/// What one compressed stream keeps: whether its header went out, and the
/// CRC-32 and length of what it sent.
#[derive(Debug, Default)]
pub(crate) struct Stream {
    started: bool,
    crc: crc32fast::Hasher,
}

impl Stream {
    /// The bytes that send `block` on this stream: the shared block, after
    /// the gzip header when it is the first.
    pub(crate) fn push(&mut self, block: &Block) -> Bytes {
        self.crc.combine(&block.crc);
        if self.started {
            return block.deflated.clone();
        }
        self.started = true;
        let mut out = Vec::with_capacity(HEADER.len() + block.deflated.len());
        out.extend_from_slice(&HEADER);
        out.extend_from_slice(&block.deflated);
        Bytes::from(out)
    }

    /// The end of the stream: the final block and the trailer (the header
    /// too, when nothing was sent).
    pub(crate) fn finish(&mut self) -> Bytes {
        let mut out = Vec::with_capacity(HEADER.len() + FINAL_BLOCK.len() + 8);
        if !self.started {
            self.started = true;
            out.extend_from_slice(&HEADER);
        }
        out.extend_from_slice(&FINAL_BLOCK);
        let crc = std::mem::take(&mut self.crc);
        let len = crc.total_len();
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE is the length modulo 2^32.
        out.extend_from_slice(&(len as u32).to_le_bytes());
        Bytes::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn blocks_shared_between_streams_make_valid_gzip_in_any_order() {
        let pieces: Vec<Vec<u8>> = vec![
            b"retry: 1000\n\n".to_vec(),
            "data: <li>hello</li>\n\n".repeat(50).into_bytes(),
            b":\n\n".to_vec(),
            (0..70_000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            Vec::new(),
        ];
        let blocks: Vec<Block> = pieces.iter().map(|p| Block::new(p)).collect();
        for order in [[0, 1, 2, 3, 4], [2, 0, 4, 3, 1], [1, 1, 2, 0, 0]] {
            let mut stream = Stream::default();
            let mut sent = Vec::new();
            let mut plain = Vec::new();
            for i in order {
                sent.extend_from_slice(&stream.push(&blocks[i]));
                plain.extend_from_slice(&pieces[i]);
            }
            sent.extend_from_slice(&stream.finish());
            assert_eq!(gunzip(&sent).unwrap(), plain, "{order:?}");
        }
        assert_eq!(gunzip(&Stream::default().finish()).unwrap(), b"");
    }

    #[test]
    fn a_repetitive_message_is_compressed_and_each_block_ends_on_a_flush() {
        let message = "data: <li class=\"message\">same</li>\n\n".repeat(30);
        let block = Block::new(message.as_bytes());
        assert!(
            block.deflated.len() * 4 < message.len(),
            "{}",
            block.deflated.len()
        );
        assert!(block.deflated.ends_with(&[0, 0, 0xff, 0xff]));
        // A stream cut off before its trailer decodes up to the cut.
        let mut stream = Stream::default();
        let sent = stream.push(&block);
        let mut decoder = flate2::write::GzDecoder::new(Vec::new());
        std::io::Write::write_all(&mut decoder, &sent).unwrap();
        std::io::Write::flush(&mut decoder).unwrap();
        assert_eq!(decoder.get_ref().as_slice(), message.as_bytes());
    }
}
