import NIOCore
import PostgresNIO

/// Reads one-dimensional PostgreSQL arrays of `text`, `integer` and `boolean` straight from a
/// result cell's binary bytes, for reads that take millions of array elements at once (a whole
/// force's promotion records).
///
/// PostgresNIO's generic array decoding does the same job through a protocol witness per element;
/// this reader walks the wire format directly. A cell in any other form (text format, another
/// element type, more than one dimension, a null element) is decoded by PostgresNIO instead, so
/// the result is always the same and this reader is only quicker.
enum BinaryArrays {
    /// A `text[]` cell's elements; SQL NULL reads as empty.
    static func texts(_ cell: PostgresCell) throws -> [String] {
        try read(cell, elementType: .text) { buffer, length in
            buffer.readString(length: length)
        } fallback: {
            try cell.decode([String]?.self) ?? []
        }
    }

    /// An `integer[]` cell's elements; SQL NULL reads as empty.
    static func integers(_ cell: PostgresCell) throws -> [Int32] {
        try read(cell, elementType: .int4) { buffer, length in
            length == 4 ? buffer.readInteger(as: Int32.self) : nil
        } fallback: {
            try cell.decode([Int32]?.self) ?? []
        }
    }

    /// A `boolean[]` cell's elements; SQL NULL reads as empty.
    static func booleans(_ cell: PostgresCell) throws -> [Bool] {
        try read(cell, elementType: .bool) { buffer, length in
            length == 1 ? buffer.readInteger(as: UInt8.self).map { $0 != 0 } : nil
        } fallback: {
            try cell.decode([Bool]?.self) ?? []
        }
    }

    /// The binary array layout: dimensions, a has-nulls flag, the element type, each dimension's
    /// length and lower bound, then each element as a length and its bytes.
    private static func read<Element>(
        _ cell: PostgresCell, elementType: PostgresDataType,
        element: (inout ByteBuffer, Int) -> Element?, fallback: () throws -> [Element]
    ) throws -> [Element] {
        guard var buffer = cell.bytes else { return [] }
        guard cell.format == .binary,
            let dimensions = buffer.readInteger(as: Int32.self),
            let hasNulls = buffer.readInteger(as: Int32.self),
            let type = buffer.readInteger(as: UInt32.self)
        else { return try fallback() }
        if dimensions == 0 { return [] }
        guard dimensions == 1, hasNulls == 0, type == elementType.rawValue,
            let count = buffer.readInteger(as: Int32.self), count >= 0,
            buffer.readInteger(as: Int32.self) != nil
        else { return try fallback() }
        var elements: [Element] = []
        elements.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self), length >= 0,
                let value = element(&buffer, Int(length))
            else { return try fallback() }
            elements.append(value)
        }
        return elements
    }
}
