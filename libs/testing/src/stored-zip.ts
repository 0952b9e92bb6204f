/**
 * Reads a zip archive whose entries are stored uncompressed, as Apple Wallet passes built by
 * passkit-generator are: enough to inspect a .pkpass without an unzip dependency.
 */
export function readStoredZip(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 30 <= archive.length && archive.readUInt32LE(offset) === 0x04034b50) {
    const method = archive.readUInt16LE(offset + 8);
    const size = archive.readUInt32LE(offset + 18);
    const nameLength = archive.readUInt16LE(offset + 26);
    const extraLength = archive.readUInt16LE(offset + 28);
    const name = archive.toString('utf8', offset + 30, offset + 30 + nameLength);
    if (method !== 0) throw new Error(`${name} is compressed (method ${method})`);
    const start = offset + 30 + nameLength + extraLength;
    files.set(name, archive.subarray(start, start + size));
    offset = start + size;
  }
  return files;
}
