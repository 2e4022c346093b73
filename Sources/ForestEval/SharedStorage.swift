extension Array {
    /// Whether this array and `other` share their storage (and so hold the same elements): an
    /// array is copied before it is changed while another shares its storage, so whoever keeps
    /// one of the two alive can take them as equal without comparing an element. Empty arrays
    /// count as sharing.
    public func sharesStorage(with other: [Element]) -> Bool {
        count == other.count
            && withUnsafeBufferPointer { x in other.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}
