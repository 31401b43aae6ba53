/// Pure parsers and writers for question banks and HR files.
import MusterDomain
