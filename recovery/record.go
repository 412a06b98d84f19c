package recovery

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Record framing. See the package documentation for the drawing.
const (
	frameHeaderLen = 9 // CRC32C (4) + length (4) + type (1)

	// MaxKeyLen and MaxValueLen bound one data item; MaxRecordLen bounds one record's payload,
	// so that a damaged length field is recognised as damage rather than as a 4 GiB record.
	MaxKeyLen    = 64 << 10
	MaxValueLen  = 64 << 20
	MaxRecordLen = 256 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// recordType says what a record's payload holds.
type recordType uint8

const (
	recHeader     recordType = 1 // file header: magic, format version, strategy
	recBoot       recordType = 2 // a store was opened: incarnation number
	recValue      recordType = 3 // data item: value written by a transaction (or by a checkpoint, txid 0)
	recIntentions recordType = 4 // intentions list: txid, global id, (key, position of value) pairs
	recStatus     recordType = 5 // transaction status: prepared, committed, aborted
	recMap        recordType = 6 // shadow versions: the map from keys to value positions
)

func (t recordType) String() string {
	switch t {
	case recHeader:
		return "header"
	case recBoot:
		return "boot"
	case recValue:
		return "value"
	case recIntentions:
		return "intentions"
	case recStatus:
		return "status"
	case recMap:
		return "map"
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

func (t recordType) known() bool { return t >= recHeader && t <= recMap }

// txStatus is the status entry of the seed's recovery file.
type txStatus uint8

const (
	statusPrepared  txStatus = 1
	statusCommitted txStatus = 2
	statusAborted   txStatus = 3
)

func (s txStatus) String() string {
	switch s {
	case statusPrepared:
		return "prepared"
	case statusCommitted:
		return "committed"
	case statusAborted:
		return "aborted"
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

const (
	fileMagic     = "WARDENRF"
	formatVersion = 1
)

// errBadFrame is returned by decodeFrame when the bytes at an offset are not a valid record.
// It is internal: callers decide whether that is a torn tail or corruption.
var errBadFrame = errors.New("bad record frame")

// appendFrame appends one framed record to dst. salt seeds the checksum (see the package doc).
func appendFrame(dst []byte, salt uint32, t recordType, payload []byte) []byte {
	dst, start := beginFrame(dst, t)
	dst = append(dst, payload...)
	return finishFrame(dst, start, salt)
}

// beginFrame reserves a frame header in dst; finishFrame fills it in once the payload has been
// appended. Together they avoid building the payload in a separate buffer.
func beginFrame(dst []byte, t recordType) ([]byte, int) {
	start := len(dst)
	return append(dst, 0, 0, 0, 0, 0, 0, 0, 0, byte(t)), start
}

func finishFrame(dst []byte, start int, salt uint32) []byte {
	binary.LittleEndian.PutUint32(dst[start+4:], uint32(len(dst)-start-frameHeaderLen))
	binary.LittleEndian.PutUint32(dst[start:], crc32.Update(salt, castagnoli, dst[start+4:]))
	return dst
}

// decodeFrame decodes the record at the start of b. It returns the record's type, its payload
// (aliasing b) and its total length. errBadFrame means b does not start with a whole, intact,
// known record: too short, length out of range, CRC mismatch or unknown type.
func decodeFrame(b []byte, salt uint32) (recordType, []byte, int, error) {
	if len(b) < frameHeaderLen {
		return 0, nil, 0, fmt.Errorf("%w: %d bytes, shorter than a frame header", errBadFrame, len(b))
	}
	n := binary.LittleEndian.Uint32(b[4:])
	if n > MaxRecordLen {
		return 0, nil, 0, fmt.Errorf("%w: length %d exceeds the maximum %d", errBadFrame, n, MaxRecordLen)
	}
	total := frameHeaderLen + int(n)
	if len(b) < total {
		return 0, nil, 0, fmt.Errorf("%w: length %d runs past the end (%d bytes left)", errBadFrame, n, len(b)-frameHeaderLen)
	}
	want := binary.LittleEndian.Uint32(b)
	if got := crc32.Update(salt, castagnoli, b[4:total]); got != want {
		return 0, nil, 0, fmt.Errorf("%w: checksum %08x, want %08x", errBadFrame, got, want)
	}
	t := recordType(b[8])
	if !t.known() {
		return 0, nil, 0, fmt.Errorf("%w: unknown record type %d", errBadFrame, b[8])
	}
	return t, b[frameHeaderLen:total], total, nil
}

// Payload encodings. Integers are little-endian fixed width where they are positions or ids,
// uvarints where they are lengths.

// fileHeader is the first record of every file, framed with salt 0.
type fileHeader struct {
	strategy Strategy
	kind     byte   // which file of the strategy (fileKindLog, fileKindVersions, ...)
	salt     uint32 // seeds the checksum of every later record of this file
}

const (
	fileKindLog      = 'L'
	fileKindVersions = 'V'
	fileKindMap      = 'M'
)

const headerPayloadLen = len(fileMagic) + 2 + 1 + 1 + 4

func appendHeaderPayload(dst []byte, h fileHeader) []byte {
	dst = append(dst, fileMagic...)
	dst = binary.LittleEndian.AppendUint16(dst, formatVersion)
	dst = append(dst, byte(h.strategy), h.kind)
	return binary.LittleEndian.AppendUint32(dst, h.salt)
}

func decodeHeader(p []byte) (fileHeader, error) {
	if len(p) != headerPayloadLen || string(p[:len(fileMagic)]) != fileMagic {
		return fileHeader{}, errors.New("not a Warden recovery file (bad magic)")
	}
	p = p[len(fileMagic):]
	if v := binary.LittleEndian.Uint16(p); v != formatVersion {
		return fileHeader{}, fmt.Errorf("unsupported format version %d (this build reads %d)", v, formatVersion)
	}
	return fileHeader{strategy: Strategy(p[2]), kind: p[3], salt: binary.LittleEndian.Uint32(p[4:])}, nil
}

// valueRecord is a decoded recValue payload. Key and Value alias the decoded bytes.
type valueRecord struct {
	txid  TxID
	del   bool
	key   []byte
	value []byte
}

const valueFlagDelete = 1

func appendValuePayload(dst []byte, txid TxID, key string, value []byte, del bool) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, uint64(txid))
	var flags byte
	if del {
		flags |= valueFlagDelete
	}
	dst = append(dst, flags)
	dst = binary.AppendUvarint(dst, uint64(len(key)))
	dst = append(dst, key...)
	return append(dst, value...)
}

func decodeValue(p []byte) (valueRecord, error) {
	var v valueRecord
	if len(p) < 9 {
		return v, errors.New("value record too short")
	}
	v.txid = TxID(binary.LittleEndian.Uint64(p))
	flags := p[8]
	if flags&^valueFlagDelete != 0 {
		return v, fmt.Errorf("value record has unknown flags %#x", flags)
	}
	v.del = flags&valueFlagDelete != 0
	p = p[9:]
	kl, n := binary.Uvarint(p)
	if n <= 0 || kl > uint64(len(p)-n) || kl > MaxKeyLen {
		return v, errors.New("value record has a bad key length")
	}
	p = p[n:]
	v.key, v.value = p[:kl], p[kl:]
	if v.del && len(v.value) != 0 {
		return v, errors.New("delete record carries a value")
	}
	return v, nil
}

// Intention is one entry of an intentions list: a data item and the position in the recovery
// file (or version store) of the value the transaction intends it to have. Delete is set for
// an intention to remove the item.
type Intention struct {
	Key      string
	Position int64
	Delete   bool
}

func appendIntentionsPayload(dst []byte, txid TxID, gid string, in []Intention) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, uint64(txid))
	dst = binary.AppendUvarint(dst, uint64(len(gid)))
	dst = append(dst, gid...)
	dst = binary.AppendUvarint(dst, uint64(len(in)))
	for _, it := range in {
		dst = binary.AppendUvarint(dst, uint64(len(it.Key)))
		dst = append(dst, it.Key...)
		dst = binary.LittleEndian.AppendUint64(dst, uint64(it.Position))
		var flags byte
		if it.Delete {
			flags = valueFlagDelete
		}
		dst = append(dst, flags)
	}
	return dst
}

func decodeIntentions(p []byte) (txid TxID, gid string, in []Intention, err error) {
	if len(p) < 8 {
		return 0, "", nil, errors.New("intentions record too short")
	}
	txid = TxID(binary.LittleEndian.Uint64(p))
	p = p[8:]
	gl, n := binary.Uvarint(p)
	if n <= 0 || gl > uint64(len(p)-n) {
		return 0, "", nil, errors.New("intentions record has a bad global id length")
	}
	gid = string(p[n : n+int(gl)])
	p = p[n+int(gl):]
	cnt, n := binary.Uvarint(p)
	if n <= 0 || cnt > uint64(len(p)) { // every entry takes at least one byte
		return 0, "", nil, errors.New("intentions record has a bad count")
	}
	p = p[n:]
	in = make([]Intention, 0, cnt)
	for i := uint64(0); i < cnt; i++ {
		kl, n := binary.Uvarint(p)
		if n <= 0 || kl > MaxKeyLen || kl+9 > uint64(len(p)-n) {
			return 0, "", nil, fmt.Errorf("intention %d has a bad key length", i)
		}
		p = p[n:]
		key := string(p[:kl])
		pos := int64(binary.LittleEndian.Uint64(p[kl:]))
		flags := p[kl+8]
		if flags&^valueFlagDelete != 0 || pos < 0 {
			return 0, "", nil, fmt.Errorf("intention %d is malformed", i)
		}
		in = append(in, Intention{Key: key, Position: pos, Delete: flags&valueFlagDelete != 0})
		p = p[kl+9:]
	}
	if len(p) != 0 {
		return 0, "", nil, fmt.Errorf("intentions record has %d trailing bytes", len(p))
	}
	return txid, gid, in, nil
}

func appendStatusPayload(dst []byte, txid TxID, st txStatus) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, uint64(txid))
	return append(dst, byte(st))
}

func decodeStatus(p []byte) (TxID, txStatus, error) {
	if len(p) != 9 {
		return 0, 0, errors.New("status record has the wrong length")
	}
	st := txStatus(p[8])
	if st < statusPrepared || st > statusAborted {
		return 0, 0, fmt.Errorf("status record has unknown status %d", p[8])
	}
	return TxID(binary.LittleEndian.Uint64(p)), st, nil
}

func decodeBoot(p []byte) (uint64, error) {
	if len(p) != 8 {
		return 0, errors.New("boot record has the wrong length")
	}
	return binary.LittleEndian.Uint64(p), nil
}

func appendBootPayload(dst []byte, n uint64) []byte {
	return binary.LittleEndian.AppendUint64(dst, n)
}
